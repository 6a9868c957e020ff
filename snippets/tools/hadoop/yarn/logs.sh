# 打印作业所有容器的日志（作业结束、日志聚合完成后才有）
yarn logs -applicationId APPLICATION_ID
