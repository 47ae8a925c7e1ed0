-- A scripted session of the stock mysql CLI (issue 7); the CLI's own output is the golden file.
CREATE DATABASE shop;
USE shop;
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, city VARCHAR(20), UNIQUE KEY uk_name (name));
CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2), placed DATE, KEY k_customer (customer_id));
CREATE INDEX k_city ON customer (city);
INSERT INTO customer VALUES (1, 'ada', 'Lyon'), (2, 'brian', 'Oslo'), (3, 'chen', 'Lyon');
INSERT INTO orders (customer_id, amount, placed) VALUES (1, 10.50, '2026-01-02'), (1, 4.50, '2026-01-03'), (3, 7.25, '2026-02-01');
SELECT * FROM customer ORDER BY id;
SELECT c.name, o.amount, o.placed FROM customer c JOIN orders o ON o.customer_id = c.id ORDER BY o.id;
SELECT c.city, COUNT(o.id) AS n, SUM(o.amount) AS total FROM customer c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.city ORDER BY c.city;
BEGIN;
DELETE FROM orders WHERE customer_id = 1;
SELECT COUNT(*) FROM orders;
ROLLBACK;
SELECT COUNT(*) FROM orders;
UPDATE customer SET city = 'Rome' WHERE name = 'brian';
SELECT name, city FROM customer WHERE city IN ('Lyon', 'Rome') ORDER BY name;
SHOW TABLES;
SHOW CREATE TABLE orders;
SELECT * FROM nosuch;
INSERT INTO customer VALUES (4, 'ada', 'Rome');
\s
