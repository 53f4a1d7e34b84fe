using System;
using System.Threading;

namespace FlexCodegen.Emulator;

/// <summary>
/// A <see cref="TimeProvider"/> that stands still until a test moves it: pass it as <see cref="FlexEmulatorOptions.Clock"/>,
/// then <c>clock.Advance(TimeSpan.FromDays(181))</c>. Any other <see cref="TimeProvider"/> works too.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private long _ticks;

    /// <summary>A clock that reads <paramref name="start"/> until it is advanced.</summary>
    /// <param name="start">The time the clock starts at.</param>
    public EmulatorClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock on.</summary>
    /// <param name="by">How far.</param>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
