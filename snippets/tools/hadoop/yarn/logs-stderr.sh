# 只看每个容器的 stderr：streaming 脚本的 Python 报错在这里
yarn logs -applicationId APPLICATION_ID -log_files stderr
