using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Shortener.ServiceDefaults.Common;

internal static class HealthCheckRegistrationExtensions
{
    /// <summary>
    /// Adds the check once per builder: registering a client twice must not make /health run (and
    /// report) the same probe twice, and HealthCheckService rejects duplicate names anyway.
    /// </summary>
    public static void TryAddHealthCheck(this IHostApplicationBuilder builder, HealthCheckRegistration registration)
    {
        // Aspire keeps the marker in builder.Properties under this key; sharing it keeps the two interchangeable.
        var marker = $"Aspire.HealthChecks.{registration.Name}";
        if (builder.Properties.TryAdd(marker, true))
        {
            builder.Services.AddHealthChecks().Add(registration);
        }
    }
}
