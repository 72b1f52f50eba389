using Shortener.Core.Streams;

namespace Shortener.Core.Clicks;

/// <summary>The click pipeline's log of sent clicks (see <see cref="SentLog{T}"/>).</summary>
public sealed class SentClicksLog(int maxHeldClicks) : SentLog<ClickEvent>(maxHeldClicks);
