using Shortener.AppHost.Supervision;

namespace Shortener.AppHost.LocalServers;

/// <summary>
/// Aspire passes a container's state on to its child resources (a database on its server) but not an executable's:
/// this does it for the local servers, so a database is "Running" while its server is, and WaitFor and its health
/// check follow the server through stops and starts.
/// </summary>
internal sealed class ChildStateMirror(DistributedApplicationModel model, ResourceNotificationService notifications) : IBackgroundWatch
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var children = model.Resources.OfType<LocalPostgresDatabaseResource>().ToLookup(d => d.Parent.Name);
        var mirrored = new Dictionary<string, string?>();
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            var state = change.Snapshot.State?.Text;
            foreach (var child in children[change.Resource.Name])
            {
                if (mirrored.TryGetValue(child.Name, out var last) && last == state) continue;
                mirrored[child.Name] = state;
                await notifications.PublishUpdateAsync(child, s => s with
                {
                    State = change.Snapshot.State,
                    StartTimeStamp = change.Snapshot.StartTimeStamp,
                    StopTimeStamp = change.Snapshot.StopTimeStamp,
                });
            }
        }
    }
}
