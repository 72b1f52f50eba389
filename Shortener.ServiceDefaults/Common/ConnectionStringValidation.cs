namespace Shortener.ServiceDefaults.Common;

internal static class ConnectionStringValidation
{
    /// <summary>Fails with the same guidance Aspire's client integrations give: where to put the value.</summary>
    public static void EnsureProvided(string? connectionString, string connectionName, string configSectionName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionString is missing. It should be provided in 'ConnectionStrings:{connectionName}' " +
                $"or under the 'ConnectionString' key in '{configSectionName}' configuration section.");
        }
    }
}
