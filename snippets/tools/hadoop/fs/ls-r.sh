# 递归列出目录下的全部文件
hadoop fs -ls -R HDFS_DIR
