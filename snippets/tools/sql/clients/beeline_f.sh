# 用 beeline 执行一个查询文件，日期用 --hivevar 传入
beeline -u jdbc:hive2://HOST:PORT/default -n USER --hivevar day=DAY -f daily_pv_uv.sql
