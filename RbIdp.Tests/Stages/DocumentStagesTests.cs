using RbIdp.Pipeline.Processing;
using RbIdp.Tests.Pipeline;

namespace RbIdp.Tests.Stages;

/// <summary>
/// The order of <see cref="RbIdp.Pipeline.Stages.DocumentStages"/> against what each stage lists it reads and writes
/// (slots of <see cref="DocumentWork"/>): nothing is read before a stage has written it, nothing is written twice, and
/// the stamp stage, started beside OCR right after decoding, needs nothing OCR or the checks make.
/// </summary>
public sealed class DocumentStagesTests : IAsyncDisposable
{
    private readonly PipelineHost _host = new();

    private IReadOnlyList<IPipelineStage> InOrder => _host.Stages.InOrder;

    [Fact]
    public void The_stages_run_policy_first_and_validate_last_with_stamp_beside_ocr()
    {
        Assert.Equal(["policy", "acquire", "intake", "decode", "ocr", "checks", "stamp", "merge", "evidence", "validate"], InOrder.Select(s => s.Name));
        Assert.Equal(["stamp"], InOrder.Where(s => s.StartsAfter is not null).Select(s => s.Name));
    }

    [Fact]
    public void Every_slot_a_stage_reads_is_written_by_a_stage_that_has_finished_when_it_starts() =>
        Assert.Empty(OrderFaults(InOrder));

    [Fact]
    public void Every_slot_of_the_work_is_written_by_exactly_one_stage()
    {
        var writers = InOrder.SelectMany(s => s.Writes.Select(slot => (Slot: slot, Stage: s.Name))).ToList();
        using var work = new DocumentWork();

        Assert.Equal(work.All.Select(s => s.Name).Order(StringComparer.Ordinal), writers.Select(w => w.Slot).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_stamp_stage_started_after_decode_needs_only_the_decoded_pages_and_nothing_beside_it_touches_its_finding()
    {
        var stamp = InOrder.Single(s => s.Name == "stamp");
        var decode = InOrder.Single(s => s.Name == "decode");
        var beside = InOrder.SkipWhile(s => s != decode).Skip(1).TakeWhile(s => s != stamp).ToList();

        Assert.Equal(decode.Name, stamp.StartsAfter);
        Assert.Equal([nameof(DocumentWork.Decoded)], stamp.Reads);
        Assert.Contains(nameof(DocumentWork.Decoded), decode.Writes);
        Assert.Equal(["ocr", "checks"], beside.Select(s => s.Name));
        Assert.All(beside, s => Assert.Empty(s.Reads.Concat(s.Writes).Intersect(stamp.Writes)));
    }

    [Fact]
    public void The_walk_finds_a_stage_moved_before_the_one_that_writes_what_it_reads()
    {
        var ocrFirst = InOrder.OrderBy(s => s.Name == "ocr" ? 0 : 1).ToList();
        var stampBeforeDecode = InOrder.Select(s => s.Name == "stamp" ? new StartsAfter(s, "policy") : s).ToList();

        Assert.Contains("ocr reads Decoded, which no stage before it writes", OrderFaults(ocrFirst));
        Assert.Contains("stamp starts after policy but reads Decoded, which decode writes later", OrderFaults(stampBeforeDecode));
    }

    /// <summary>
    /// Every read of a slot not yet written when the stage starts: for a stage in its turn, by a stage before it; for one
    /// started early, by its <see cref="IPipelineStage.StartsAfter"/> stage or one before that.
    /// </summary>
    private static List<string> OrderFaults(IReadOnlyList<IPipelineStage> stages)
    {
        var faults = new List<string>();
        var writer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Count; i++)
        {
            foreach (var slot in stages[i].Writes.Where(slot => !writer.TryAdd(slot, i)))
            {
                faults.Add($"{stages[i].Name} writes {slot}, which {stages[writer[slot]].Name} writes too");
            }
        }

        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var startsAfter = stage.StartsAfter is { } name ? IndexOf(stages, name) : i - 1;
            if (stage.StartsAfter is not null && (startsAfter < 0 || startsAfter >= i))
            {
                faults.Add($"{stage.Name} starts after {stage.StartsAfter}, which is not a stage before it");
                continue;
            }

            foreach (var slot in stage.Reads)
            {
                if (!writer.TryGetValue(slot, out var by) || (by >= i && stage.StartsAfter is null))
                {
                    faults.Add($"{stage.Name} reads {slot}, which no stage before it writes");
                }
                else if (by > startsAfter)
                {
                    faults.Add($"{stage.Name} starts after {stages[startsAfter].Name} but reads {slot}, which {stages[by].Name} writes later");
                }
            }
        }

        return faults;
    }

    private static int IndexOf(IReadOnlyList<IPipelineStage> stages, string name)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>A stage as it is, but started early after another one.</summary>
    private sealed class StartsAfter(IPipelineStage stage, string after) : IPipelineStage
    {
        public string Name => stage.Name;

        string? IPipelineStage.StartsAfter => after;

        public IReadOnlyList<string> Reads => stage.Reads;

        public IReadOnlyList<string> Writes => stage.Writes;

        public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken) => stage.RunAsync(context, cancellationToken);
    }
}
