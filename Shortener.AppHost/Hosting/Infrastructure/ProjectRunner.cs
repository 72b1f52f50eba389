using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>A service project, launched from its build output with the variables a real Aspire AppHost injects.</summary>
internal sealed class ProjectRunner(ProjectResource project, AppHostOptions options, ResourceLogger logger) : ProcessRunner(logger)
{
    protected override int StopSignal => ManagedProcess.SigTerm;

    public override string? Url => project.HttpUrl.ToString().TrimEnd('/');

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var output = project.Metadata.OutputPath;
        if (!File.Exists(output))
            throw new DistributedApplicationException($"'{output}' does not exist: build the solution first (dotnet build).");
        // setsid: a terminal's Ctrl+C reaches only the AppHost, which then stops services before the servers they use.
        var psi = new ProcessStartInfo("setsid", ["dotnet", output]) { WorkingDirectory = project.ProjectDirectory };
        foreach (var (key, value) in ProjectEnvironment.For(project, options)) psi.Environment[key] = value;
        Launch(psi);
        return Task.CompletedTask;
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        HealthProbes.HttpAsync(new Uri(project.HttpUrl, "/health"), cancellationToken);
}
