namespace RbIdp.Pipeline.Intake;

/// <summary>
/// What parsing one PDF has spent so far — parser time, decompressed bytes, objects — against its
/// <see cref="PdfLimits"/>. Once a limit is exceeded the budget stays exhausted: every later decode of the same
/// document throws at once, even one the parser would catch and carry on after.
/// </summary>
internal sealed class PdfBudget(PdfLimits limits, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private long _decodedBytes;
    private long _objects;
    private TimeSpan _spent;
    private long? _sectionStart;
    private string? _exhausted;
    private readonly Dictionary<long, long> _aliases = [];

    public PdfLimits Limits => limits;

    /// <summary>Why the budget is exhausted, or null while it is not.</summary>
    public string? Exhausted => _exhausted;

    /// <summary>Parser time left before the deadline.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                return limits.Deadline - Spent();
            }
        }
    }

    /// <summary>Starts counting parser time (one section at a time); the returned scope stops it.</summary>
    public IDisposable Section()
    {
        lock (_gate)
        {
            _sectionStart = timeProvider.GetTimestamp();
        }

        return new SectionScope(this);
    }

    /// <summary>Throws when the budget is exhausted or the deadline has passed.</summary>
    public void ThrowIfExhausted()
    {
        if (_exhausted is { } why)
        {
            throw new PdfLimitExceededException(why);
        }

        if (Remaining <= TimeSpan.Zero)
        {
            Exhaust($"parsing took longer than {limits.Deadline.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Counts a decoded stream's bytes against the document's total.</summary>
    public void AddDecoded(long bytes)
    {
        if (Interlocked.Add(ref _decodedBytes, bytes) > limits.MaxDecodedBytes)
        {
            Exhaust($"its streams decompress to more than {limits.MaxDecodedBytes >> 20} MB");
        }
    }

    /// <summary>Counts indirect objects (the file's, an object stream's) against the limit.</summary>
    public void AddObjects(long count)
    {
        if (Interlocked.Add(ref _objects, count) > limits.MaxObjects)
        {
            Exhaust($"it has more than {limits.MaxObjects} objects");
        }
    }

    /// <summary>
    /// Records that object <paramref name="from"/> is nothing but a reference to <paramref name="to"/>, and refuses a
    /// loop of such aliases or a chain longer than the nesting limit: the parser resolves them by recursion, and a
    /// loop would exhaust its stack (a crash no exception handler sees).
    /// </summary>
    public void AddAlias(long from, long to)
    {
        lock (_gate)
        {
            _aliases[from] = to;
            var steps = 0;
            for (var at = from; _aliases.TryGetValue(at, out var next); at = next)
            {
                if (next == from || ++steps > limits.MaxNesting)
                {
                    Abandon($"object {from} is a chain of references that loops or runs over {limits.MaxNesting} links");
                    break;
                }
            }
        }

        ThrowIfExhausted();
    }

    /// <summary>Marks the budget exhausted and throws.</summary>
    public void Exhaust(string why)
    {
        Abandon(why);
        throw new PdfLimitExceededException(_exhausted!);
    }

    /// <summary>Marks the budget exhausted: a parse still running stops at its next stream.</summary>
    public void Abandon(string why) => Interlocked.CompareExchange(ref _exhausted, why, null);

    private TimeSpan Spent() => _spent + (_sectionStart is { } start ? timeProvider.GetElapsedTime(start) : TimeSpan.Zero);

    private void EndSection()
    {
        lock (_gate)
        {
            _spent = Spent();
            _sectionStart = null;
        }
    }

    private sealed class SectionScope(PdfBudget budget) : IDisposable
    {
        public void Dispose() => budget.EndSection();
    }
}

/// <summary>A PDF asked more of the parser than <see cref="PdfLimits"/> allow: the document is unreadable, not the service broken.</summary>
internal sealed class PdfLimitExceededException(string why) : Exception($"The PDF exceeds the parsing limits: {why}.");
