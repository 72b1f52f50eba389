using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Shortener.Hosting;

/// <summary>The checks the AppHost itself runs: can we talk to it, not merely is the port open.</summary>
internal static class HealthProbes
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<HealthStatus> PostgresAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, Pooling = false };
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(ct);
            return HealthStatus.Healthy;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            return HealthStatus.Unhealthy;
        }
    }

    /// <summary>AUTH then PING over RESP, so a server still loading its AOF (which answers -LOADING) is not healthy yet.</summary>
    public static async Task<HealthStatus> RedisAsync(string host, int port, string password, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            var command = password.Length > 0 ? $"AUTH {password}\r\nPING\r\n" : "PING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("PONG") && !received.ToString().Contains('-'))
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0) break;
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            return received.ToString().Contains("+PONG") ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            ct.ThrowIfCancellationRequested();
            return HealthStatus.Unhealthy;
        }
    }

    public static async Task<HealthStatus> HttpAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await s_http.GetAsync(url, ct);
            return response.IsSuccessStatusCode ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            ct.ThrowIfCancellationRequested();
            return HealthStatus.Unhealthy;
        }
    }
}
