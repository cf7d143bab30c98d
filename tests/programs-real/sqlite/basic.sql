-- Run as `sqlite3 :memory: < basic.sql` (the cVM has no file system, so
-- the database lives in memory; .read/.output/.import/.save need files and
-- are not covered yet).
.bail off
.headers on
.mode list
SELECT sqlite_version() AS version, 1 + 1 AS two;
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, budget REAL);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES dept(id),
                 salary INTEGER, hired TEXT);
INSERT INTO dept(name, budget) VALUES ('eng', 1.5e6), ('sales', 750000.25), ('ops', 320000), ('empty', 0);
-- many rows through a recursive CTE
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO emp(name, dept_id, salary, hired)
  SELECT printf('emp%05d', i), (i % 3) + 1, 30000 + (i * 7919) % 90000,
         date('2000-01-01', '+' || (i % 8000) || ' days') FROM n;
SELECT count(*), sum(salary), min(salary), max(salary), avg(salary) FROM emp;
CREATE INDEX emp_dept_salary ON emp(dept_id, salary);
CREATE INDEX emp_hired ON emp(hired);
.mode column
SELECT d.name, count(e.id) AS n, sum(e.salary) AS total, round(avg(e.salary), 2) AS mean,
       max(e.hired) AS latest
  FROM dept d LEFT JOIN emp e ON e.dept_id = d.id
  GROUP BY d.id ORDER BY total DESC NULLS LAST;
.mode box
SELECT name, salary, hired FROM emp WHERE dept_id = 2 AND salary > 119000 ORDER BY salary DESC, name LIMIT 5;
.mode csv
SELECT substr(hired, 1, 4) AS year, count(*) AS hires, sum(salary) FROM emp
  GROUP BY year HAVING count(*) > 900 ORDER BY year;
.mode line
SELECT printf('%08.3f|%-6s|%x|%e|%,d', 3.14159, 'ab', 255, 12345.678, 1234567) AS fmt,
       printf('%.2f %5.1f%%', 2.0 / 3, 99.44) AS pct, 7 / 2, 7 / 2.0, 7 % 3, -7 % 3;
.mode list
.separator " | "
-- math functions (SQLITE_ENABLE_MATH_FUNCTIONS)
SELECT round(sqrt(2), 10), pow(2, 10), round(exp(1), 12), ln(1), round(log10(1000), 12), log2(8),
       floor(-2.5), ceil(-2.5), round(sin(pi() / 6), 12), round(atan2(1, 1) * 4, 12), mod(10, 3), abs(-5);
SELECT typeof(1), typeof(1.0), typeof('x'), typeof(x'00'), typeof(NULL), 9223372036854775807 + 0,
       CAST('12abc' AS INTEGER), CAST(3.9 AS INTEGER), 1e308 * 10, -0.0, 1.0 / 3;
-- strings, json, window functions
SELECT upper('mixed Case'), lower('MIXED'), length('héllo'), instr('hello world', 'o w'),
       replace('a-b-c', '-', '+'), trim('  x  '), hex('AB'), quote('it''s'), group_concat(n, ',')
  FROM (SELECT 'z' AS n UNION ALL SELECT 'y' UNION ALL SELECT 'x');
SELECT json_object('a', 1, 'b', json_array(1, 2.5, 'three', NULL)), json_extract('{"x":{"y":[10,20]}}', '$.x.y[1]');
SELECT id, salary, rank() OVER (ORDER BY salary DESC) AS r,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3
  FROM emp WHERE id <= 6 ORDER BY id;
-- transactions: rollback, savepoints, commit
BEGIN;
DELETE FROM emp WHERE dept_id = 1;
SELECT 'inside', count(*) FROM emp;
ROLLBACK;
SELECT 'after rollback', count(*) FROM emp;
BEGIN;
UPDATE emp SET salary = salary + 1000 WHERE dept_id = 3;
SAVEPOINT sp1;
DELETE FROM emp WHERE id % 2 = 0;
SELECT 'in savepoint', count(*) FROM emp;
ROLLBACK TO sp1;
RELEASE sp1;
COMMIT;
SELECT 'after commit', count(*), sum(salary) FROM emp;
-- constraint errors do not stop the script (.bail off); the error goes to stderr
INSERT INTO dept(name) VALUES ('eng');
SELECT 'still running', changes(), total_changes() > 0;
-- views, triggers, subqueries, EXPLAIN QUERY PLAN uses the index
CREATE TABLE audit(msg TEXT);
CREATE TRIGGER emp_ins AFTER INSERT ON emp BEGIN INSERT INTO audit VALUES ('new ' || NEW.name); END;
INSERT INTO emp(name, dept_id, salary, hired) VALUES ('zed', 4, 1, '2024-02-29');
SELECT * FROM audit;
CREATE VIEW rich AS SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) * 1.9 FROM emp);
SELECT count(*) FROM rich;
EXPLAIN QUERY PLAN SELECT * FROM emp WHERE dept_id = 2 AND salary > 100;
SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id AND d.name = 'empty');
-- a bigger sort that does not fit in the default page cache
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
SELECT count(*), sum(k), max(k) FROM (SELECT (i * 2654435761) % 1000003 AS k FROM n ORDER BY k);
SELECT count(DISTINCT salary) FROM emp;
.headers off
.mode tabs
SELECT date('2024-02-28', '+1 day'), strftime('%Y-%j %H:%M', '2023-12-31 23:59:59'), julianday('2000-01-01'),
       datetime(0, 'unixepoch');
.print done
