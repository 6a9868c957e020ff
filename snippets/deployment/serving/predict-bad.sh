# 故意发一个坏请求：缺字段、负的振动值、rpm 不是数字，看 422 的说明
curl -sS -X POST "$PDM_URL/predict" -H "Authorization: Bearer $PDM_TOKEN" -H "Content-Type: application/json" --data '{"machine_id": "press-07", "temperature_c": 78.4, "vibration_mm_s": -1, "rpm": "fast"}' -w '\nHTTP %{http_code}\n'
