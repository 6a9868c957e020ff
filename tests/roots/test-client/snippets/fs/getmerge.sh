# 把 HDFS 目录下的文件合并成一个本地文件
hadoop fs -getmerge HDFS_DIR LOCAL_MERGED_FILE
