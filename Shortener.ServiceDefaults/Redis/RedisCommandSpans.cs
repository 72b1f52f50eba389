using System.Diagnostics;
using System.Net;
using StackExchange.Redis.Profiling;

namespace Shortener.ServiceDefaults.Redis;

/// <summary>
/// Turns profiled Redis commands into client spans, with the names and tags of
/// OpenTelemetry.Instrumentation.StackExchangeRedis (the version Aspire ships), so dashboards and
/// queries written against that package work on ours.
/// </summary>
internal static class RedisCommandSpans
{
    public const string ActivitySourceName = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    // Set at creation so samplers can see it, as the OpenTelemetry package does.
    private static readonly KeyValuePair<string, object?>[] CreationTags = [new("db.system", "redis")];

    /// <summary>Emits one span per command; <paramref name="parent"/> is the activity that issued them, if any.</summary>
    public static void Emit(Activity? parent, IEnumerable<IProfiledCommand> commands)
    {
        // A span without a parent must stay a root span; StartActivity would otherwise adopt
        // whatever happens to be current on the draining thread.
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            foreach (var command in commands)
            {
                ToActivity(parent, command);
            }
        }
        finally
        {
            Activity.Current = current;
        }
    }

    internal static Activity? ToActivity(Activity? parent, IProfiledCommand command)
    {
        var name = string.IsNullOrEmpty(command.Command) ? ActivitySourceName + ".Execute" : command.Command;
        using var activity = Source.StartActivity(
            name, ActivityKind.Client, parent?.Context ?? default, CreationTags, startTime: command.CommandCreated);
        if (activity is null)
        {
            return null;
        }

        // The command already happened: the span gets its real start and end, not the drain time.
        activity.SetEndTime(command.CommandCreated + command.ElapsedTime);

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.redis.flags", command.Flags.ToString());
            activity.SetTag("db.statement", command.Command);
            SetPeerTags(activity, command.EndPoint);
            activity.SetTag("db.redis.database_index", command.Db);

            var enqueued = command.CommandCreated + command.CreationToEnqueued;
            var sent = enqueued + command.EnqueuedToSending;
            var responded = sent + command.SentToResponse;
            activity.AddEvent(new ActivityEvent("Enqueued", enqueued));
            activity.AddEvent(new ActivityEvent("Sent", sent));
            activity.AddEvent(new ActivityEvent("ResponseReceived", responded));
        }

        return activity;
    }

    private static void SetPeerTags(Activity activity, EndPoint? endPoint)
    {
        switch (endPoint)
        {
            case IPEndPoint ip:
                activity.SetTag("net.peer.ip", ip.Address.ToString());
                activity.SetTag("net.peer.port", ip.Port);
                break;
            case DnsEndPoint dns:
                activity.SetTag("net.peer.name", dns.Host);
                activity.SetTag("net.peer.port", dns.Port);
                break;
            case not null:
                activity.SetTag("peer.service", endPoint.ToString());
                break;
        }
    }
}
