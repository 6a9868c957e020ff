# 把本地文件上传到 HDFS 目录
hadoop fs -put LOCAL_FILE HDFS_DIR
