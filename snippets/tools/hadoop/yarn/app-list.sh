# 列出正在运行的作业（应用），找到自己作业的 application id
yarn application -list -appStates RUNNING
