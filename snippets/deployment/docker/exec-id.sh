# 确认容器不是以 root 运行（应输出 uid=10001）
docker exec pdm-api id
