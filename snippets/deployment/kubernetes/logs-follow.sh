# 持续跟随所有 pdm-api Pod 的新日志（Ctrl-C 退出）
kubectl -n ml-serving logs -l app=pdm-api --prefix -f --max-log-requests=20
