# 用 beeline 连 HiveServer2（或 Spark Thrift server）执行一条查询，日期用 --hivevar 传入；查询以 ; 结尾
beeline -u jdbc:hive2://HOST:PORT/default -n USER --hivevar day=DAY -e 'select "${hivevar:day}" as day, date_format(date_sub(from_unixtime(unix_timestamp("${hivevar:day}", "yyyyMMdd"), "yyyy-MM-dd"), 1), "yyyyMMdd") as day_before;'
