# 把 HDFS 文件下载到本地目录
hadoop fs -get HDFS_FILE LOCAL_DIR
