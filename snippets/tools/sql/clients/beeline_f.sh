# 用 beeline 连 HiveServer2 执行查询文件，日期用 --hivevar 传入
beeline -u jdbc:hive2://HOST:PORT --silent=true --hivevar day=DAY -f daily_pv_uv.sql
