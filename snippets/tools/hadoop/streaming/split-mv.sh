# 把作业输出里的图文文件（-A）挪进那个目录，视频（-B）同理
hadoop fs -mv "$HADOOP_OUTPUT/part-*-A.gz" OUTPUT_A_DIR
