-- 在 spark-sql 里设置一个只有 Hive 认识的参数
set hive.exec.parallel=true
