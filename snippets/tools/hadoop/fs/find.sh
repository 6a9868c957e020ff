# 按文件名找文件（名字模式加引号）
hadoop fs -find HDFS_DIR -name 'part-*'
