using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shortener.Core.Slugs;

public static class SlugServiceCollectionExtensions
{
    /// <summary>The slug codec from Shortener:Slugs, its salt required at start (the api creates links, the worker imports them).</summary>
    public static IServiceCollection AddSlugCodec(this IServiceCollection services)
    {
        services.AddOptions<SlugOptions>().BindConfiguration(SlugOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Salt), "Shortener:Slugs:Salt (env Shortener__Slugs__Salt) must be set; the AppHost generates one.")
            .ValidateOnStart();
        services.AddSingleton(sp => new SlugCodec(sp.GetRequiredService<IOptions<SlugOptions>>().Value));
        return services;
    }
}
