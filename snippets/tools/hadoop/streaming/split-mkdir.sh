# 建一个单独放图文结果的目录
hadoop fs -mkdir -p OUTPUT_A_DIR
