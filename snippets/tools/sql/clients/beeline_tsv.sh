# 用 beeline 把结果存成带表头的 TSV 文件
beeline -u jdbc:hive2://HOST:PORT --silent=true --outputformat=tsv2 --hivevar day=DAY -f daily_pv_uv.sql > RESULT_FILE
