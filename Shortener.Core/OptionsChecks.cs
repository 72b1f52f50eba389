using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shortener.Core;

public static class OptionsChecks
{
    /// <summary>Like Validate, but the check says what is wrong in its own words (null when all is well).</summary>
    public static OptionsBuilder<T> Check<T>(this OptionsBuilder<T> builder, Func<T, string?> check) where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new Checker<T>(builder.Name, check));
        return builder;
    }

    private sealed class Checker<T>(string? name, Func<T, string?> check) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options) =>
            name is not null && name != optionsName ? ValidateOptionsResult.Skip
            : check(options) is { } failure ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
    }
}
