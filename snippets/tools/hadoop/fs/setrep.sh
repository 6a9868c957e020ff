# 把文件的副本数改成 3，等复制完成再返回
hadoop fs -setrep -w 3 HDFS_FILE
