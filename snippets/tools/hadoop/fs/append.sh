# 把本地文件追加到 HDFS 文件末尾
hadoop fs -appendToFile LOCAL_FILE HDFS_FILE
