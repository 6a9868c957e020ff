# 用 beeline 连接时指定 YARN 队列（Hive on MR），并查看这个会话里的取值
beeline -u jdbc:hive2://HOST:PORT/default -n USER --hiveconf mapreduce.job.queuename=QUEUE -e 'set mapreduce.job.queuename;'
