# 只看健康检查结果：starting、healthy 或 unhealthy
docker inspect --format '{{.State.Health.Status}}' pdm-api
