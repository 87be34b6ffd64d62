using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Tests.Synthetic;

/// <summary>The request a borrower sends with the document (DOMAIN.md §1).</summary>
public sealed record DeferralRequest(string Fio, DeferralReason Reason, DocumentType DocType, DateOnly ApplicationDate);

/// <summary>
/// One labelled case: a request, the document(s) behind its file, and the answer the service must give.
/// <see cref="ExpectedCodes"/> must all be reported; <see cref="TolerableCodes"/> may also be reported
/// (e.g. a blurred page may also lose its date); no other code may.
/// </summary>
public sealed record CorpusCase(
    string Id,
    string Description,
    DeferralRequest Request,
    IReadOnlyList<DocumentSpec> Documents,
    FileFormat Format,
    Verdict ExpectedVerdict,
    IReadOnlySet<ErrorCode> ExpectedCodes,
    IReadOnlySet<ErrorCode> TolerableCodes)
{
    /// <summary>Cut the file short (an undecodable upload).</summary>
    public bool Truncated { get; init; }

    /// <summary>Renders the documents and packs them as the uploaded file.</summary>
    public byte[] BuildFile()
    {
        var documents = Documents.Select(DocumentGenerator.Render).ToArray();
        try
        {
            var file = PdfFactory.Encode(Format, documents);
            return Truncated ? file[..(file.Length / 3)] : file;
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    public string FileExtension => Format switch
    {
        FileFormat.Png => ".png",
        FileFormat.Jpeg => ".jpg",
        FileFormat.Tiff => ".tif",
        _ => ".pdf",
    };
}

/// <summary>
/// A labelled corpus of requests and synthetic documents covering every document type and every error
/// code of DOMAIN.md §3 (except CHECKS_DISAGREE, which needs an LLM). Deterministic from the seed;
/// files are rendered only when <see cref="CorpusCase.BuildFile"/> is called.
/// </summary>
public static class SyntheticCorpus
{
    public static readonly DateOnly BaseApplicationDate = new(2026, 11, 20);

    private static readonly string[] Men =
    [
        "Иванов Иван Петрович", "Смирнов Дмитрий Алексеевич", "Кузнецов Сергей Николаевич", "Попов Андрей Викторович",
        "Соколов Илья Дмитриевич", "Лебедев Михаил Олегович", "Козловский Артём Игоревич", "Морозов Павел Сергеевич",
        "Волков Николай Андреевич", "Фёдоров Алексей Юрьевич",
    ];

    private static readonly string[] Women =
    [
        "Иванова Мария Петровна", "Смирнова Елена Викторовна", "Кузнецова Ольга Андреевна", "Попова Наталья Сергеевна",
        "Соколова Анна Дмитриевна", "Лебедева Татьяна Игоревна", "Новикова Юлия Олеговна", "Козловская Ирина Павловна",
        "Морозова Светлана Николаевна", "Павлова Ксения Алексеевна",
    ];

    private static readonly string[] Officials =
    [
        "Орлов Виктор Степанович", "Белова Галина Ивановна", "Тихонов Роман Евгеньевич", "Захарова Людмила Борисовна",
    ];

    private static readonly IReadOnlyDictionary<DocumentType, DeferralReason> ReasonFor = new Dictionary<DocumentType, DeferralReason>
    {
        [DocumentType.SickLeave] = DeferralReason.Illness,
        [DocumentType.MedicalCertificate] = DeferralReason.Illness,
        [DocumentType.UnemploymentCertificate] = DeferralReason.JobLoss,
        [DocumentType.EmploymentRecord] = DeferralReason.JobLoss,
        [DocumentType.IncomeCertificate] = DeferralReason.IncomeDecrease,
        [DocumentType.MobilizationNotice] = DeferralReason.Mobilization,
        [DocumentType.DisabilityCertificate] = DeferralReason.Disability,
        [DocumentType.EmergencyCertificate] = DeferralReason.Emergency,
        [DocumentType.BirthCertificate] = DeferralReason.Maternity,
    };

    /// <summary>Days of validity (DOMAIN.md §2); null: no limit.</summary>
    private static readonly IReadOnlyDictionary<DocumentType, int?> Validity = new Dictionary<DocumentType, int?>
    {
        [DocumentType.SickLeave] = 60,
        [DocumentType.MedicalCertificate] = 30,
        [DocumentType.UnemploymentCertificate] = 30,
        [DocumentType.EmploymentRecord] = 60,
        [DocumentType.IncomeCertificate] = 90,
        [DocumentType.MobilizationNotice] = 180,
        [DocumentType.DisabilityCertificate] = null,
        [DocumentType.EmergencyCertificate] = 180,
        [DocumentType.BirthCertificate] = 1095,
    };

    public static bool StampRequired(DocumentType type) => type is not (DocumentType.SickLeave or DocumentType.IncomeCertificate);

    public static IReadOnlyList<CorpusCase> Build(int seed) => new CorpusBuilder(seed).Build();

    /// <summary>
    /// Writes every case's file and a <c>manifest.json</c> (id, file, request, expected verdict and codes,
    /// labels) into <paramref name="directory"/>, for tools outside the test run.
    /// </summary>
    public static void WriteTo(string directory, int seed, Func<CorpusCase, bool>? include = null)
    {
        Directory.CreateDirectory(directory);
        var manifest = new List<Dictionary<string, object?>>();
        var labels = new List<string>();
        foreach (var item in Build(seed).Where(include ?? (_ => true)))
        {
            var file = item.Id + item.FileExtension;
            File.WriteAllBytes(Path.Combine(directory, file), item.BuildFile());
            manifest.Add(new Dictionary<string, object?>
            {
                ["id"] = item.Id,
                ["file"] = file,
                ["description"] = item.Description,
                ["fio"] = item.Request.Fio,
                ["reason"] = WireNames.Of(item.Request.Reason),
                ["doc_type"] = WireNames.Of(item.Request.DocType),
                ["application_date"] = item.Request.ApplicationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["expected_verdict"] = item.ExpectedVerdict.ToString(),
                ["expected_codes"] = item.ExpectedCodes.Select(c => c.ToString()).Order().ToArray(),
                ["tolerable_codes"] = item.TolerableCodes.Select(c => c.ToString()).Order().ToArray(),
            });
            labels.Add(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["file"] = file,
                ["fio"] = item.Request.Fio,
                ["reason"] = WireNames.Of(item.Request.Reason),
                ["doc_type"] = WireNames.Of(item.Request.DocType),
                ["application_date"] = item.Request.ApplicationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["expected_verdict"] = WireNames.Of(item.ExpectedVerdict),
                ["expected_error_codes"] = item.ExpectedCodes.Select(c => WireNames.Of(c)).Order(StringComparer.Ordinal).ToArray(),
                ["stamp_present"] = item.Documents.Any(d => d.Stamp is not null),
                ["notes"] = item.Description,
            }, LabelJson));
        }

        // The layout of ../shared/samples: labels.jsonl beside the files, read by bench/accuracy.
        File.WriteAllLines(Path.Combine(directory, "labels.jsonl"), labels);

        File.WriteAllText(Path.Combine(directory, "manifest.json"),
            System.Text.Json.JsonSerializer.Serialize(manifest, ManifestJson));
    }

    private static readonly System.Text.Json.JsonSerializerOptions LabelJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly System.Text.Json.JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed class CorpusBuilder(int seed)
    {
        private static readonly ErrorCode[] Nothing = [];

        private readonly Random _random = new(seed);
        private readonly List<CorpusCase> _cases = [];
        private readonly DateOnly _applied = BaseApplicationDate.AddDays(new Random(seed).Next(0, 10));

        public List<CorpusCase> Build()
        {
            Approved();
            ReasonDocMismatch();
            Unreadable();
            LowConfidence();
            TypeMismatch();
            TypeUnknown();
            FioMismatch();
            FioNotFound();
            DateMissing();
            Expired();
            InFuture();
            StampMissing();
            return _cases;
        }

        private void Approved()
        {
            var forms = new SubjectForm?[] { null, SubjectForm.Dative, SubjectForm.Genitive, SubjectForm.Initials, SubjectForm.LabelledFields, SubjectForm.Nominative };
            var types = Enum.GetValues<DocumentType>();
            for (var i = 0; i < types.Length * 2; i++)
            {
                var type = types[i % types.Length];
                var spec = Valid(type, Person()) with
                {
                    SubjectForm = type is DocumentType.MedicalCertificate or DocumentType.UnemploymentCertificate or DocumentType.EmergencyCertificate
                        ? forms[_random.Next(forms.Length)] is SubjectForm f and not SubjectForm.LabelledFields ? f : SubjectForm.Dative
                        : null,
                    DateStyle = Pick<DateStyle?>(null, null, DateStyle.Quoted, DateStyle.Words),
                    BlueHeader = _random.Next(3) == 0,
                    Stamp = StampRequired(type) ? Stamp(overText: i >= types.Length) : null,
                    SignatureOverStamp = i % 4 == 1,
                    Scan = i < types.Length ? Mild() : Phone(),
                };
                var format = StampRequired(type)
                    ? Pick(FileFormat.Png, FileFormat.Jpeg, FileFormat.ScannedPdf, FileFormat.Tiff)
                    : Pick(FileFormat.TextPdf, FileFormat.ScannedPdf, FileFormat.Jpeg);
                Add($"approved-{WireNames.Of(type)}-{i / types.Length}", $"valid {WireNames.Of(type)}, {format}", spec, format, Nothing);
            }

            var ivanov = "Иванов Иван Петрович";
            Add("approved-doctor-shares-surname",
                "the doctor Иванова А.С. shares the applicant's surname: another named person is no mismatch",
                Valid(DocumentType.SickLeave, ivanov) with { DoctorFio = "Иванова Анна Сергеевна" }, FileFormat.Jpeg, Nothing);
            Add("approved-instrumental",
                "the subject named in the instrumental case",
                Valid(DocumentType.MedicalCertificate, ivanov) with { SubjectForm = SubjectForm.Instrumental, Stamp = Stamp(false) }, FileFormat.Png, Nothing);
            Add("approved-latin-homoglyph",
                "the printed name has a Latin 'a' in the surname (must be folded)",
                Valid(DocumentType.UnemploymentCertificate, ivanov) with { PrintedSubject = "Ивaнову Ивану Петровичу", Stamp = Stamp(false) }, FileFormat.Png, Nothing);
            Add("approved-rotated-180",
                "a page scanned upside down",
                Valid(DocumentType.EmergencyCertificate, Person()) with { Stamp = Stamp(false), Scan = new ScanEffects { Rotation = 180, NoiseSigma = 6 } }, FileFormat.Jpeg, Nothing);
            Add("approved-rotated-90-violet",
                "a page scanned sideways, violet stamp",
                Valid(DocumentType.DisabilityCertificate, Person()) with { Stamp = new StampSpec(Color: InkColor.Violet), Scan = new ScanEffects { Rotation = 90 } }, FileFormat.Png, Nothing);
            Add("approved-rectangular-stamp",
                "a rectangular stamp",
                Valid(DocumentType.EmploymentRecord, Person()) with { Stamp = new StampSpec(StampShape.Rectangular) }, FileFormat.Png, Nothing);
            var applicant = Person();
            AddMany("approved-two-page-tiff", "a two-page TIFF: the certificate, then a blank back side",
                Request(DocumentType.MobilizationNotice, applicant),
                [Valid(DocumentType.MobilizationNotice, applicant) with { Stamp = Stamp(false) }, Blank(applicant)],
                FileFormat.Tiff, Verdict.Approved, Nothing, Nothing);
            AddMany("approved-two-page-pdf", "a two-page scanned PDF: a blank page first, then the certificate",
                Request(DocumentType.EmergencyCertificate, applicant),
                [Blank(applicant), Valid(DocumentType.EmergencyCertificate, applicant) with { Stamp = Stamp(true) }],
                FileFormat.ScannedPdf, Verdict.Approved, Nothing, Nothing);
            Add("approved-disability-old",
                "a disability certificate three years old: no validity limit",
                Valid(DocumentType.DisabilityCertificate, Person()) with { IssueDate = _applied.AddYears(-3), Stamp = Stamp(false) }, FileFormat.Png, Nothing);
        }

        private void ReasonDocMismatch()
        {
            (DeferralReason Reason, DocumentType Type)[] pairs =
            [
                (DeferralReason.Illness, DocumentType.IncomeCertificate),
                (DeferralReason.JobLoss, DocumentType.MedicalCertificate),
                (DeferralReason.Maternity, DocumentType.DisabilityCertificate),
            ];
            foreach (var (reason, type) in pairs)
            {
                var fio = Person();
                var spec = Valid(type, fio) with { Stamp = Stamp(false) };
                AddMany($"reason-doc-mismatch-{WireNames.Of(reason)}-{WireNames.Of(type)}", $"{WireNames.Of(type)} is no evidence for {WireNames.Of(reason)}",
                    new DeferralRequest(fio, reason, type, _applied), [spec], FileFormat.Png,
                    Verdict.Rejected, [ErrorCode.ReasonDocMismatch], Nothing);
            }
        }

        private void Unreadable()
        {
            var fio = Person();
            AddMany("unreadable-blank-page", "a blank scanned page", Request(DocumentType.MedicalCertificate, fio),
                [Blank(fio)], FileFormat.Jpeg, Verdict.Rejected, [ErrorCode.UnreadableDocument], Nothing);
            AddMany("unreadable-noise", "an image of pure noise", Request(DocumentType.SickLeave, fio),
                [new DocumentSpec(DocumentType.SickLeave, fio, _applied) { Content = PageContent.Noise, Seed = Seed() }],
                FileFormat.Png, Verdict.Rejected, [ErrorCode.UnreadableDocument], Nothing);
            AddMany("unreadable-blank-pdf", "a scanned PDF of two blank pages", Request(DocumentType.EmergencyCertificate, fio),
                [Blank(fio), Blank(fio)], FileFormat.ScannedPdf, Verdict.Rejected, [ErrorCode.UnreadableDocument], Nothing);
            _cases.Add(new CorpusCase("unreadable-truncated-jpeg", "a JPEG cut to a third of its bytes",
                Request(DocumentType.SickLeave, fio), [Valid(DocumentType.SickLeave, fio)], FileFormat.Jpeg,
                Verdict.Rejected, Set(ErrorCode.UnreadableDocument), Set()) { Truncated = true });
        }

        private void LowConfidence()
        {
            var scans = new[]
            {
                new ScanEffects { BlurSigma = 4.5, NoiseSigma = 30, JpegQuality = 30 },
                new ScanEffects { BlurSigma = 3.7, NoiseSigma = 40, JpegQuality = 40 },
                new ScanEffects { BlurSigma = 5, JpegQuality = 15 },
            };
            for (var i = 0; i < scans.Length; i++)
            {
                var type = Pick(DocumentType.SickLeave, DocumentType.IncomeCertificate);
                var fio = Person();
                AddMany($"low-confidence-{i}", "heavily blurred and noisy scan", Request(type, fio),
                    [Valid(type, fio) with { Scan = scans[i] }], FileFormat.Jpeg, Verdict.ManualReview,
                    [ErrorCode.LowOcrConfidence], [ErrorCode.FioNotFound, ErrorCode.DateMissing, ErrorCode.DocTypeUnknown]);
            }
        }

        private void TypeMismatch()
        {
            (DocumentType Claimed, DocumentType Actual)[] pairs =
            [
                (DocumentType.SickLeave, DocumentType.DisabilityCertificate),
                (DocumentType.MedicalCertificate, DocumentType.SickLeave),
                (DocumentType.UnemploymentCertificate, DocumentType.EmploymentRecord),
                (DocumentType.EmergencyCertificate, DocumentType.IncomeCertificate),
            ];
            foreach (var (claimed, actual) in pairs)
            {
                var fio = Person();
                var spec = Valid(actual, fio) with { Stamp = Stamp(false), IssueDate = _applied.AddDays(-_random.Next(1, 20)) };
                AddMany($"doc-type-mismatch-{WireNames.Of(claimed)}-is-{WireNames.Of(actual)}", $"claimed {WireNames.Of(claimed)}, actually {WireNames.Of(actual)}",
                    Request(claimed, fio), [spec], FileFormat.Png, Verdict.Rejected, [ErrorCode.DocTypeMismatch], Nothing);
            }
        }

        private void TypeUnknown()
        {
            for (var i = 0; i < 2; i++)
            {
                var fio = Person();
                var spec = new DocumentSpec(DocumentType.MedicalCertificate, fio, _applied) { Content = PageContent.UnrelatedText, Seed = i, Signature = false };
                AddMany($"doc-type-unknown-{i}", i == 0 ? "a lunch menu" : "a private letter", Request(DocumentType.MedicalCertificate, fio),
                    [spec], FileFormat.Jpeg, Verdict.ManualReview, [ErrorCode.DocTypeUnknown],
                    [ErrorCode.FioNotFound, ErrorCode.DateMissing, ErrorCode.StampMissing]);
            }
        }

        private void FioMismatch()
        {
            var ivanov = "Иванов Иван Петрович";
            var sister = PersonName.Parse(ivanov).OppositeGender("Мария").Full;
            Mismatch("fio-mismatch-opposite-gender", "the subject is Иванова Мария Петровна (dative «Ивановой Марии Петровне»), the applicant Иванов Иван Петрович",
                ivanov, Valid(DocumentType.MedicalCertificate, sister) with { Stamp = Stamp(false), SubjectForm = SubjectForm.Dative });
            Mismatch("fio-mismatch-genitive-lookalike", "«Иванова» on the form is a woman's nominative (Иванова Мария Петровна), not Иванов's genitive",
                ivanov, Valid(DocumentType.SickLeave, sister));
            Mismatch("fio-mismatch-another-person", "a certificate about someone else entirely",
                Person(), Valid(DocumentType.UnemploymentCertificate, "Григорьев Олег Станиславович") with { Stamp = Stamp(false) });
            Mismatch("fio-mismatch-applicant-is-signatory", "the applicant only signs the certificate; its subject is another person",
                "Орлов Виктор Степанович", Valid(DocumentType.EmergencyCertificate, Person()) with { Stamp = Stamp(false), SignatoryFio = "Орлов Виктор Степанович" });
            Mismatch("fio-mismatch-other-patronymic", "same surname and given name, another patronymic",
                ivanov, Valid(DocumentType.IncomeCertificate, "Иванов Иван Сергеевич"));
            var mother = Women[_random.Next(Women.Length)];
            Mismatch("fio-mismatch-not-a-parent", "a birth certificate in which the applicant is neither parent",
                Men.First(m => PersonName.Parse(m).Surname != PersonName.SurnameFor(PersonName.Parse(mother).Surname, Gender.Male)),
                Valid(DocumentType.BirthCertificate, mother) with { Stamp = Stamp(false) });
            Mismatch("fio-mismatch-and-expired", "another person's certificate, also expired",
                Person(), Valid(DocumentType.MedicalCertificate, "Григорьева Алла Станиславовна") with { Stamp = Stamp(false), IssueDate = _applied.AddDays(-45) },
                ErrorCode.DocumentExpired);
        }

        private void FioNotFound()
        {
            foreach (var type in new[] { DocumentType.DisabilityCertificate, DocumentType.MedicalCertificate })
            {
                var fio = Person();
                AddMany($"fio-not-found-{WireNames.Of(type)}", "the subject's name is left blank", Request(type, fio),
                    [Valid(type, fio) with { OmitSubject = true, Stamp = Stamp(false) }], FileFormat.Png,
                    Verdict.ManualReview, [ErrorCode.FioNotFound], Nothing);
            }
        }

        private void DateMissing()
        {
            foreach (var type in new[] { DocumentType.EmergencyCertificate, DocumentType.UnemploymentCertificate, DocumentType.SickLeave })
            {
                var fio = Person();
                AddMany($"date-missing-{WireNames.Of(type)}", "no date at all: the issue date is a blank form field", Request(type, fio),
                    [Valid(type, fio) with { OmitIssueDate = true, DistractorDates = false, Stamp = Stamp(false) }], FileFormat.Png,
                    Verdict.ManualReview, [ErrorCode.DateMissing], Nothing);
            }
        }

        private void Expired()
        {
            (DocumentType Type, int DaysOld)[] expired =
            [
                (DocumentType.MedicalCertificate, 45), (DocumentType.UnemploymentCertificate, 40),
                (DocumentType.IncomeCertificate, 120), (DocumentType.SickLeave, 75), (DocumentType.BirthCertificate, 1200),
            ];
            foreach (var (type, days) in expired)
            {
                var fio = Person();
                AddMany($"expired-{WireNames.Of(type)}", $"issued {days} days before the application (limit {Validity[type]})", Request(type, fio),
                    [Valid(type, fio) with { IssueDate = _applied.AddDays(-days), Stamp = StampRequired(type) ? Stamp(false) : null }],
                    Pick(FileFormat.Png, FileFormat.ScannedPdf), Verdict.Rejected, [ErrorCode.DocumentExpired], Nothing);
            }
        }

        private void InFuture()
        {
            foreach (var (type, days) in new[] { (DocumentType.MedicalCertificate, 5), (DocumentType.EmploymentRecord, 30) })
            {
                var fio = Person();
                AddMany($"date-in-future-{WireNames.Of(type)}", $"issued {days} days after the application date", Request(type, fio),
                    [Valid(type, fio) with { IssueDate = _applied.AddDays(days), Stamp = Stamp(false) }], FileFormat.Png,
                    Verdict.Rejected, [ErrorCode.DateInFuture], Nothing);
            }
        }

        private void StampMissing()
        {
            (DocumentType Type, bool BlueHeader, string Description)[] cases =
            [
                (DocumentType.MedicalCertificate, false, "no stamp, a blue signature only"),
                (DocumentType.UnemploymentCertificate, true, "no stamp; a blue printed header and a blue signature must not count"),
                (DocumentType.BirthCertificate, false, "no stamp on a birth certificate"),
                (DocumentType.EmergencyCertificate, true, "no stamp; blue header"),
            ];
            foreach (var (type, blueHeader, description) in cases)
            {
                var fio = Person();
                AddMany($"stamp-missing-{WireNames.Of(type)}", description, Request(type, fio),
                    [Valid(type, fio) with { BlueHeader = blueHeader }], FileFormat.Png, Verdict.ManualReview, [ErrorCode.StampMissing], Nothing);
            }

            var grey = Person();
            AddMany("stamp-unknown-greyscale", "a greyscale scan of a stamped certificate: the stamp cannot be confirmed, so review",
                Request(DocumentType.DisabilityCertificate, grey),
                [Valid(DocumentType.DisabilityCertificate, grey) with { Stamp = Stamp(false), Scan = new ScanEffects { Greyscale = true } }],
                FileFormat.Png, Verdict.ManualReview, [ErrorCode.StampMissing], Nothing);
        }

        private void Mismatch(string id, string description, string applicant, DocumentSpec spec, params ErrorCode[] also) =>
            AddMany(id, description, Request(spec.Type, applicant), [spec], FileFormat.Png, Verdict.Rejected, [ErrorCode.FioMismatch, .. also], Nothing);

        private DocumentSpec Valid(DocumentType type, string fio)
        {
            var maxAge = Math.Min(Validity[type] ?? 365, 60) - 5;
            var official = Officials[_random.Next(Officials.Length)];
            return new DocumentSpec(type, fio, _applied.AddDays(-_random.Next(1, maxAge)))
            {
                Seed = Seed(),
                SignatoryFio = official,
                BirthDate = new DateOnly(_random.Next(1965, 2001), _random.Next(1, 13), _random.Next(1, 29)),
            };
        }

        private DocumentSpec Blank(string fio) => new(DocumentType.SickLeave, fio, _applied) { Content = PageContent.Blank, Seed = Seed() };

        private StampSpec Stamp(bool overText) => new(
            _random.Next(6) == 0 ? StampShape.Rectangular : StampShape.Round,
            _random.Next(3) == 0 ? InkColor.Violet : InkColor.Blue,
            overText,
            _random.Next(36, 46));

        private ScanEffects Mild() => new() { SkewDegrees = Math.Round((_random.NextDouble() * 3) - 1.5, 1), NoiseSigma = _random.Next(0, 8) };

        private ScanEffects Phone() => new()
        {
            SkewDegrees = Math.Round((_random.NextDouble() * 2) - 1, 1),
            BlurSigma = 0.8,
            NoiseSigma = 10,
            JpegQuality = 60,
            Rotation = Pick(0, 0, 90, 270),
        };

        private DeferralRequest Request(DocumentType type, string fio) => new(fio, ReasonFor[type], type, _applied);

        private string Person() => _random.Next(2) == 0 ? Men[_random.Next(Men.Length)] : Women[_random.Next(Women.Length)];

        private int Seed() => _random.Next();

        private T Pick<T>(params T[] options) => options[_random.Next(options.Length)];

        private void Add(string id, string description, DocumentSpec spec, FileFormat format, ErrorCode[] codes) =>
            AddMany(id, description, Request(spec.Type, spec.SubjectFio), [spec], format, Verdict.Approved, codes, Nothing);

        private void AddMany(string id, string description, DeferralRequest request, DocumentSpec[] specs, FileFormat format,
            Verdict verdict, ErrorCode[] expected, ErrorCode[] tolerable) =>
            _cases.Add(new CorpusCase(id, description, request, specs, format, verdict, Set(expected), Set(tolerable)));

        private static HashSet<ErrorCode> Set(params ErrorCode[] codes) => [.. codes];
    }
}
