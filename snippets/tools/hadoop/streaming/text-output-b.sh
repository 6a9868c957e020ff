# 解压查看全部视频（-B）输出
hadoop fs -text "$HADOOP_OUTPUT/part-*-B.gz"
