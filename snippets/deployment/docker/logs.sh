# 跟随容器日志（每次预测一行 JSON）
docker logs -f --since 10m pdm-api
