"""The health checker of report 004's P1/P2 work. In the report it was copied into the running
container with `podman cp` and never made it into the image's build context: it sits here, outside
aidb/app/, for the same reason. Dockerfile.fixed is the rebuild the report recommended, with it."""
import json
import urllib.request


class HealthChecker:
    def __init__(self, connect, vector_url):
        self.connect = connect
        self.vector_url = vector_url

    def report(self):
        checks = {"postgres": self.check(self.postgres), "vectors": self.check(self.vectors)}
        healthy = all(check["status"] == "up" for check in checks.values())
        return (200 if healthy else 503), {"status": "healthy" if healthy else "unhealthy", "checks": checks}

    @staticmethod
    def check(probe):
        try:
            probe()
            return {"status": "up"}
        except Exception as error:
            return {"status": "down", "error": str(error)}

    def postgres(self):
        connection = self.connect()
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close()

    def vectors(self):
        with urllib.request.urlopen(f"{self.vector_url}/healthz", timeout=2) as response:
            json.loads(response.read())
