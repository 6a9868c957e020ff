# 解压查看全部图文（-A）输出
hadoop fs -text "$HADOOP_OUTPUT/part-*-A.gz"
