using System.Security.Cryptography;
using System.Text.Json;

namespace Shortener.Hosting;

/// <summary>
/// Generated parameter values (passwords, the admin key). Kept in the data directory between runs, as a real AppHost
/// keeps them in user secrets, because a PostgreSQL data directory is only usable with the password it was made with.
/// </summary>
internal sealed class SecretStore(string? file)
{
    public void Fill(IEnumerable<ParameterResource> parameters)
    {
        var stored = file is not null && File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : [];
        var changed = false;
        foreach (var parameter in parameters.Where(p => p.Generated))
        {
            if (!stored.TryGetValue(parameter.Name, out var value))
            {
                // Letters and digits only: a comma or '=' would break the Redis connection string.
                value = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
                stored[parameter.Name] = value;
                changed = true;
            }
            parameter.Value = value;
        }
        if (changed && file is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, JsonSerializer.Serialize(stored));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
