namespace Shortener.Hosting;

/// <summary>What every resource carries: what it waits for before it starts.</summary>
public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;

    /// <summary>Resources that must be healthy first (WaitFor).</summary>
    public List<IResource> WaitsFor { get; } = [];

    /// <summary>Resources that must have exited with code 0 first (WaitForCompletion).</summary>
    public List<IResource> WaitsForCompletion { get; } = [];

    public override string ToString() => Name;
}
