namespace Shortener.AppHost.Supervision;

/// <summary>What the AppHost prints on its own console, beside Aspire's few lines: where things are, crashes, errors.</summary>
internal sealed class ConsoleReport
{
    private readonly Lock _gate = new();

    public void Ready(string apiUrl, string adminKey)
    {
        lock (_gate)
        {
            Console.WriteLine();
            Console.WriteLine($"  Shortener is up.  api: {apiUrl}   its dashboard: {apiUrl}/dashboard   (the Aspire dashboard's login link is above)");
            Console.WriteLine($"  Admin API key: {adminKey}   (generated once and kept in the AppHost's user secrets, unless Auth__AdminApiKey is set)");
            Console.WriteLine();
        }
    }

    public void ServiceError(string resourceId, string line)
    {
        lock (_gate) Console.Error.WriteLine($"[{resourceId}] {line}");
    }

    public void Problem(string headline, IEnumerable<string> lastLines)
    {
        lock (_gate)
        {
            Console.Error.WriteLine(headline);
            foreach (var line in lastLines) Console.Error.WriteLine($"    {line}");
        }
    }
}
