# 打印作业所有容器的日志（运行中的作业也行，作业结束后要集群开了日志聚合）
yarn logs -applicationId APPLICATION_ID
