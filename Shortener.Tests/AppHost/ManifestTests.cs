using System.Diagnostics;
using System.Text.Json;

namespace Shortener.Tests.AppHost;

/// <summary>The Aspire manifest azd deploys from: `dotnet run --project Shortener.AppHost -- --publisher manifest`.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task TheManifestHasPostgresAndRedisContainersWithVolumesTheThreeServicesWithTheirReferencesAndSecretParameters()
    {
        var output = Path.Combine(Path.GetTempPath(), $"aspire-manifest-{Guid.NewGuid():N}.json");
        try
        {
            var psi = new ProcessStartInfo("dotnet", [Infrastructure.AppHostProcess.Program, "--publisher", "manifest", "--output-path", output])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
                WorkingDirectory = Infrastructure.AppHostProcess.ProjectDirectory,
            };
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"publishing failed ({process.ExitCode}): {await stdout}{await stderr}");

            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var resources = manifest.RootElement.GetProperty("resources");

            var postgres = resources.GetProperty("postgres");
            Assert.Equal("container.v0", postgres.GetProperty("type").GetString());
            Assert.Contains("postgres", postgres.GetProperty("image").GetString());
            Assert.NotEmpty(postgres.GetProperty("volumes").EnumerateArray());
            Assert.Equal("value.v0", resources.GetProperty("shortenerdb").GetProperty("type").GetString());
            Assert.Contains("{postgres.connectionString}", resources.GetProperty("shortenerdb").GetProperty("connectionString").GetString());

            var cache = resources.GetProperty("cache");
            Assert.Contains("redis", cache.GetProperty("image").GetString());
            Assert.NotEmpty(cache.GetProperty("volumes").EnumerateArray());
            Assert.Contains(cache.GetProperty("args").EnumerateArray(), a => a.GetString()!.Contains("--appendonly yes --appendfsync everysec"));

            foreach (var service in new[] { "api", "worker", "analytics" })
            {
                var project = resources.GetProperty(service);
                Assert.Equal("project.v0", project.GetProperty("type").GetString());
                var env = project.GetProperty("env");
                Assert.Equal("{shortenerdb.connectionString}", env.GetProperty("ConnectionStrings__shortenerdb").GetString());
                Assert.Equal("{cache.connectionString}", env.GetProperty("ConnectionStrings__cache").GetString());
            }
            Assert.Equal("{admin-api-key.value}", resources.GetProperty("api").GetProperty("env").GetProperty("Auth__AdminApiKey").GetString());
            Assert.Equal("{slug-salt.value}", resources.GetProperty("api").GetProperty("env").GetProperty("Shortener__Slugs__Salt").GetString());
            Assert.Equal("{visitor-secret.value}", resources.GetProperty("worker").GetProperty("env").GetProperty("Enrichment__VisitorSecret").GetString());

            foreach (var secret in new[] { "admin-api-key", "slug-salt", "visitor-secret" })
            {
                var parameter = resources.GetProperty(secret);
                Assert.Equal("parameter.v0", parameter.GetProperty("type").GetString());
                Assert.True(parameter.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean(), $"{secret} is not secret");
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
