using System.Globalization;
using ALfc.Core;
using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Data.Io;
using ALfc.Core.Evaluation;
using ALfc.Core.Training;
using ALfc.Core.Trials;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ALfc.Coordinator.Sweeps;

/// <summary>
/// A sweep's grid, read from JSON. Top-level fields set the defaults; each entry of "blocks" may override
/// datasets, methods and alphas (the paper preset uses a block for Exp 1's alpha sweep). A trial is
/// (dataset, method, alpha, schedule, repetition); alphas apply to alfc only. Every attack x eps x
/// white/black cell is evaluated inside the trial, on its one trained model.
/// <code>
/// { "name": "quick", "repetitions": 3, "baseSeed": 0, "schedule": "paper", "epochs": 40,
///   "datasets": ["synthetic"], "methods": ["mv", "crowdlayer", "alfc"], "alphas": [0.5],
///   "attacks": ["fgsm", "pgd", "cw-margin", "mim"], "eps": { "synthetic": [0.01, 0.03] },
///   "blackBox": true, "scale": "minmax", "blocks": [ { "methods": ["alfc"], "alphas": [0.25, 0.75] } ] }
/// </code>
/// "scale" and "trainEps" (A-LFC's training eps) are optional, one value for all datasets or a map per dataset
/// (<see cref="PerDataset{T}"/>); by default each dataset gets its own (<see cref="DatasetCatalog.ResolveScaling"/>,
/// <see cref="IDatasetLoader.TrainingEpsilon"/>).
/// </summary>
public sealed record GridSpec(
    string Name,
    int Repetitions,
    long BaseSeed,
    AlfcSchedule Schedule,
    int Epochs,
    IReadOnlyList<string> Attacks,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Eps,
    bool BlackBox,
    PerDataset<FeatureScaling> Scaling,
    PerDataset<double> TrainEps,
    IReadOnlyList<GridBlock> Blocks,
    string Json,
    IReadOnlyList<PoisoningBlock>? Poisoning = null)
{
    /// <summary>Largest repetition count a grid may ask for; a typo of 10^9 is refused before anything is allocated.</summary>
    public const int MaxRepetitions = 100_000;

    /// <summary>The longest "description" a grid may carry: a paragraph, not a file.</summary>
    public const int MaxDescription = 10_000;

    /// <summary>Largest base seed: seeds stay exact in JSON and in every consumer.</summary>
    public const long MaxSeed = 1L << 53;

    /// <summary>Largest grid, in trials; a larger one is refused with its size before it is expanded.</summary>
    public const long MaxTrials = 100_000;

    private static readonly string[] TopLevelFields =
        ["name", "repetitions", "baseSeed", "schedule", "epochs", "datasets", "methods", "alphas", "attacks", "eps", "trainEps", "blackBox", "scale", "blocks", "description", "poisoning"];

    public static GridSpec Load(string path)
    {
        InputFile.Require(path, maxBytes: InputFile.MaxConfigBytes, notFound: "grid file not found");
        return Parse(TextFile.Read(path), path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses and validates a grid; every error is one line "SOURCE: field: problem".</summary>
    public static GridSpec Parse(string json, string source, string defaultName)
    {
        if (string.IsNullOrWhiteSpace(json)) throw AlfcInputException.In(source, "an empty file (expected a JSON object)");
        JToken parsed;
        try
        {
            // A key given twice is a slip (which value was meant?), not an override: refused, as JSON parsers disagree on it.
            parsed = JToken.Parse(json, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonReaderException e) when (e.Message.StartsWith("Property with the name", StringComparison.Ordinal))
        {
            throw AlfcInputException.In(source, $"the key '{e.Path?.Split('.').Last()}' is given twice in one object (line {e.LineNumber}, position {e.LinePosition})");
        }
        catch (JsonReaderException e) when (e.Message.Contains("MaxDepth", StringComparison.Ordinal))
        {
            // Valid JSON, but no grid nests past a few levels; the reader stops at 64 rather than recursing without end.
            throw AlfcInputException.In(source, $"nested more than 64 levels deep (line {e.LineNumber}, position {e.LinePosition}); a grid nests a few");
        }
        catch (JsonReaderException e)
        {
            throw AlfcInputException.In(source, $"not valid JSON (line {e.LineNumber}, position {e.LinePosition})");
        }
        if (parsed is not JObject root) throw AlfcInputException.In(source, $"must be a JSON object with the grid's fields, got {parsed.Type.ToString().ToLowerInvariant()}");
        AlfcInputException Error(string field, string problem) => AlfcInputException.In(source, $"{field}: {problem}");
        // A whole number past 64 bits (99999999999999999999) is read as a BigInteger, which the list readers cannot
        // convert; these three fields name it in their own words.
        if (root.Descendants().OfType<JValue>().FirstOrDefault(v => v.Value is System.Numerics.BigInteger && v.Path is not ("repetitions" or "epochs" or "baseSeed")) is { } huge)
            throw Error(huge.Path, $"{huge.ToString(Formatting.None)} is out of range");

        foreach (var property in root.Properties())
            if (!TopLevelFields.Contains(property.Name)) throw Error(property.Name, $"unknown field (known: {string.Join(", ", TopLevelFields)})");

        string name = Text(root, "name", Error) ?? defaultName;
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw Error("name", $"'{name}' must be non-empty letters, digits, '-', '_' or '.'");
        // Free text, printed (escaped) by `grid show` and a dry run, so only its kind and length are checked.
        if (Text(root, "description", Error) is { Length: > MaxDescription } description)
            throw Error("description", $"at most {MaxDescription} characters, got {description.Length}");
        int repetitions = Int(root, "repetitions", 1, Error);
        if (repetitions is < 1 or > MaxRepetitions) throw Error("repetitions", $"must be from 1 to {MaxRepetitions}, got {repetitions}");
        long baseSeed = root["baseSeed"] is { } seedToken
            ? seedToken.Type == JTokenType.Integer && seedToken is JValue { Value: long or int } && seedToken.Value<long>() is >= -MaxSeed and <= MaxSeed
                ? seedToken.Value<long>()
                : throw Error("baseSeed", $"must be a whole number from -{MaxSeed} to {MaxSeed}, got {seedToken.ToString(Formatting.None)}")
            : 0;
        var schedule = AlfcSchedules.Parse(Text(root, "schedule", Error) ?? "paper", $"{source}: schedule");
        int epochs = Int(root, "epochs", 200, Error);
        if (epochs is < 1 or > TrainingConfig.MaxEpochs) throw Error("epochs", $"must be from 1 to {TrainingConfig.MaxEpochs}, got {epochs}");
        var attacks = Strings(root, "attacks", AttackCatalog.Names, AttackCatalog.IsKnown, "attack", AttackCatalog.Names, "", Error);
        bool blackBox = root["blackBox"] is { } boxToken ? boxToken.Type == JTokenType.Boolean ? boxToken.Value<bool>() : throw Error("blackBox", "must be true or false") : true;
        var scaling = PerDataset<FeatureScaling>.Parse(root["scale"], "scale", (token, field) =>
        {
            var name = token.Type == JTokenType.String ? token.Value<string>()! : token.ToString(Formatting.None);
            try { return FeatureScaler.Parse(name); }
            catch (AlfcInputException) { throw Error(field, $"unknown scaling '{name}' (expected {FeatureScaler.Expected})"); }
        }, Error);
        var trainEps = PerDataset<double>.Parse(root["trainEps"], "trainEps", (token, field) =>
            token.Type is JTokenType.Float or JTokenType.Integer && token.Value<double>() is var e && AttackBase.IsEpsilon(e)
                ? e
                : throw Error(field, $"{token.ToString(Formatting.None)} is not a number from 0 to {AttackBase.MaxEpsilon}"), Error);

        var eps = new Dictionary<string, IReadOnlyList<double>>(StringComparer.OrdinalIgnoreCase);
        if (root["eps"] is JObject epsObject)
            foreach (var property in epsObject.Properties())
            {
                if (!DatasetCatalog.Names.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                    throw Error($"eps.{property.Name}", $"unknown dataset (known: {string.Join(", ", DatasetCatalog.Names)})");
                // Names match in any case, so "synthetic" and "Synthetic" are one key given twice (the last once won silently).
                if (eps.ContainsKey(property.Name)) throw Error($"eps.{property.Name}", "the dataset is given twice");
                eps[property.Name] = Numbers(property.Value, $"eps.{property.Name}", Error);
                // Eps 0 is clean accuracy, which every table already shows as its first row; as a cell it repeats that
                // row and enters the headline's mean over eps as if it were an attack.
                if (eps[property.Name].ToList().IndexOf(0) is var zero and >= 0)
                    throw Error($"eps.{property.Name}[{zero}]", "0 is clean accuracy, which every trial measures and every table shows first; list eps above 0");
                if (eps[property.Name].Count > EvaluationConfig.MaxEpsilons)
                    throw Error($"eps.{property.Name}", $"at most {EvaluationConfig.MaxEpsilons} values, got {eps[property.Name].Count}");
            }
        else if (root["eps"] is { } notObject && notObject.Type != JTokenType.Null)
            throw Error("eps", "must be an object mapping dataset names to eps lists");

        List<PoisoningBlock> poisoning = root["poisoning"] switch
        {
            null => [],
            JArray { Count: 0 } => throw Error("poisoning", "the list is empty"),
            JArray list => list.Select((b, i) => PoisoningBlock.Read(b, $"poisoning[{i}].", Error)).ToList(),
            _ => throw Error("poisoning", "must be a list of poisoning blocks"),
        };
        // A grid of poisoning trials only trains nothing: its datasets and methods may be left out.
        if (poisoning.Count > 0 && root["datasets"] is null && root["methods"] is null && root["blocks"] is null)
            return Bounded(new GridSpec(name, repetitions, baseSeed, schedule, epochs, attacks, eps, blackBox, scaling, trainEps, [], root.ToString(Formatting.None), poisoning), source);

        // With blocks, the top level only supplies defaults, so its datasets and methods may be left out.
        bool hasBlocks = root["blocks"] is not null;
        var defaults = ReadBlock(root, "", hasBlocks ? new GridBlock([], [], [new TrainingConfig().Alpha]) : null, Error);
        var blocks = root["blocks"] is JArray array
            ? array.Select((b, i) => b is JObject o ? ReadBlock(o, $"blocks[{i}].", defaults, Error) : throw Error($"blocks[{i}]", "must be an object")).ToList()
            : hasBlocks ? throw Error("blocks", "must be a list") : [defaults];
        if (blocks.Count == 0) throw Error("blocks", "the list is empty");
        // A top-level default that every block replaces plans nothing: a grid that lists methods at the top and one block
        // of alfc alphas ran only the block, silently dropping the methods a reader of the file expects to see run.
        if (root["blocks"] is JArray given)
            foreach (var key in new[] { "datasets", "methods", "alphas" })
                if (root[key] is not null && given.All(b => b is JObject o && o[key] is not null))
                    throw Error(key, $"every block sets its own {key}, so this default plans nothing; remove it, or add a block without {key} to run it (e.g. {{ }})");
        for (int i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Datasets.Count == 0) throw Error($"blocks[{i}].datasets", "missing (required here or at the top level)");
            if (blocks[i].Methods.Count == 0) throw Error($"blocks[{i}].methods", "missing (required here or at the top level)");
        }
        // An eps list for a dataset the grid never trains would be silently unused: most likely a typo in "datasets".
        var trained = blocks.SelectMany(b => b.Datasets).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var dataset in eps.Keys.Where(d => !trained.Contains(d)))
            throw Error($"eps.{dataset}", $"the grid trains no {dataset} (its datasets: {string.Join(", ", trained.Order(StringComparer.Ordinal))})");
        return Bounded(new GridSpec(name, repetitions, baseSeed, schedule, epochs, attacks, eps, blackBox, scaling, trainEps, blocks, root.ToString(Formatting.None), poisoning), source);
    }

    /// <summary>A grid larger than <see cref="MaxTrials"/> is refused as it is read, naming its file, before anything is expanded or allocated.</summary>
    private static GridSpec Bounded(GridSpec grid, string source) =>
        grid.PlannedSize() is var size and > MaxTrials
            ? throw AlfcInputException.In(source, $"{size} trials, more than the {MaxTrials} a sweep may plan (fewer repetitions or a smaller grid)")
            : grid;

    /// <summary>
    /// The same grid with its repetitions and base seed replaced by the command line's <c>--repetitions</c> and
    /// <c>--base-seed</c> (null keeps the grid's own), so a preset's seeds are set without copying its file. The new
    /// values go into the grid's JSON and are read back through <see cref="Parse"/>, so the store records the grid that
    /// actually ran and a resume with more repetitions keeps the ones already done (ids hash the trial, not the grid).
    /// Each bad value is one line naming its flag.
    /// </summary>
    public GridSpec WithSeeds(int? repetitions, long? baseSeed, string source)
    {
        if (repetitions is null && baseSeed is null) return this;
        if (repetitions is { } r)
        {
            if (r is < 1 or > MaxRepetitions) throw new AlfcInputException($"--repetitions: must be from 1 to {MaxRepetitions}, got {r}");
            long size = PlannedSize() / Repetitions * r;
            if (size > MaxTrials)
                throw new AlfcInputException($"--repetitions: {r} repetitions of {source} make {size} trials, more than the {MaxTrials} a sweep may plan");
        }
        if (baseSeed is { } s && s is < -MaxSeed or > MaxSeed) throw new AlfcInputException($"--base-seed: must be a whole number from -{MaxSeed} to {MaxSeed}, got {s}");
        var root = JObject.Parse(Json);
        if (repetitions is { } n) root["repetitions"] = n;
        if (baseSeed is { } seed) root["baseSeed"] = seed;
        return Parse(root.ToString(Formatting.None), source, Name);
    }

    /// <summary>The sweep this grid asks for: its name, its JSON and <see cref="Expand"/>'s trials.</summary>
    public SweepPlan Plan() => new(Name, Json, Expand());

    /// <summary>How many trials the grid names at most (before trials two blocks share are merged), computed without expanding it.</summary>
    public long PlannedSize() =>
        (Blocks.Sum(b => (long)b.Datasets.Count * b.Methods.Sum(m => MethodCatalog.TakesAlpha(m) ? b.Alphas.Count : 1))
         + (Poisoning ?? []).Sum(p => (long)p.Answers.Count * p.Attacks.Count * p.Substitutes.Count * p.Malicious.Count * p.Budgets.Count)) * Repetitions;

    /// <summary>
    /// Every trial of the grid, once each (a trial two blocks share is planned once), in a stable order: per block and
    /// dataset, repetition by repetition, each repetition's methods and alphas together. Why that order: a repetition's
    /// trials share its black-box substitute and the inputs crafted on it (<see cref="BlackBoxInputCache"/>), which a
    /// node then crafts once and reads back for the repetition's other trials while they are still on its disk, where
    /// with the repetition innermost they came some 50 trials apart (the `paper` preset). A fused unit still takes a
    /// configuration's next repetitions from anywhere in the queue.
    /// </summary>
    public IReadOnlyList<PlannedTrial> Expand()
    {
        if (PlannedSize() is var size and > MaxTrials)
            throw new AlfcInputException($"grid '{Name}': {size} trials, more than the {MaxTrials} a sweep may plan (fewer repetitions or a smaller grid)");
        var trials = new List<PlannedTrial>();
        var seen = new HashSet<string>();
        foreach (var block in Blocks)
            foreach (var dataset in block.Datasets)
                for (int repetition = 0; repetition < Repetitions; repetition++)
                    foreach (var method in block.Methods)
                        foreach (var alpha in MethodCatalog.TakesAlpha(method) ? block.Alphas : [new TrainingConfig().Alpha])
                        {
                            var spec = TrialSpec.Create(dataset, method, BaseSeed + repetition,
                                new TrainingConfig { Epochs = Epochs, Alpha = alpha, Schedule = Schedule },
                                new EvaluationConfig { Attacks = Attacks, Epsilons = Eps.GetValueOrDefault(dataset), BlackBox = BlackBox },
                                TrainEps.For(dataset), Scaling.For(dataset));
                            var planned = PlannedTrial.Of(spec, repetition);
                            if (seen.Add(planned.Id)) trials.Add(planned);
                        }
        foreach (var block in Poisoning ?? [])
            foreach (var planned in block.Expand(Repetitions, BaseSeed))
                if (seen.Add(planned.Id)) trials.Add(planned);
        return trials;
    }

    private static GridBlock ReadBlock(JObject o, string prefix, GridBlock? defaults, Func<string, string, AlfcInputException> error)
    {
        foreach (var property in o.Properties())
            if (prefix.Length > 0 && property.Name is not ("datasets" or "methods" or "alphas"))
                throw error(prefix + property.Name, "unknown field (a block sets datasets, methods and alphas)");
        var datasets = o["datasets"] is null && defaults is not null ? defaults.Datasets
            : Strings(o, "datasets", null, n => DatasetCatalog.Names.Contains(n, StringComparer.OrdinalIgnoreCase), "dataset", DatasetCatalog.Names, prefix, error)
                .Select(n => n.ToLowerInvariant()).ToList();
        var methods = o["methods"] is null && defaults is not null ? defaults.Methods
            : Strings(o, "methods", null, MethodCatalog.IsKnown, "method", MethodCatalog.Names, prefix, error).Select(n => n.ToLowerInvariant()).ToList();
        var alphas = o["alphas"] is null ? defaults?.Alphas ?? [new TrainingConfig().Alpha] : Numbers(o["alphas"]!, prefix + "alphas", error);
        for (int i = 0; i < alphas.Count; i++)
            if (alphas[i] is < 0 or > 1) throw error($"{prefix}alphas[{i}]", $"{alphas[i].ToString(CultureInfo.InvariantCulture)} is not in [0, 1]");
        return new GridBlock(datasets, methods, alphas);
    }

    private static IReadOnlyList<string> Strings(JObject o, string field, IReadOnlyList<string>? fallback, Func<string, bool> known, string what,
        IEnumerable<string> names, string prefix = "", Func<string, string, AlfcInputException>? error = null)
    {
        error ??= (f, p) => new AlfcInputException($"{f}: {p}");
        var token = o[field];
        if (token is null)
            return fallback ?? throw error(prefix + field, "missing (required)");
        if (token is not JArray array) throw error(prefix + field, "must be a list");
        if (array.Count == 0) throw error(prefix + field, "the list is empty");
        var values = array.Select(t => t.Type == JTokenType.String ? t.Value<string>()! : throw error(prefix + field, "must hold strings")).ToList();
        for (int i = 0; i < values.Count; i++)
        {
            if (!known(values[i])) throw error($"{prefix}{field}[{i}]", $"unknown {what} '{values[i]}' (known: {string.Join(", ", names)})");
            // Names match in any case; one listed twice would enter a trial's config (attacks) or plan nothing new.
            if (values.Take(i).Contains(values[i], StringComparer.OrdinalIgnoreCase)) throw error($"{prefix}{field}[{i}]", $"'{values[i]}' is given twice");
        }
        return values;
    }

    private static IReadOnlyList<double> Numbers(JToken token, string field, Func<string, string, AlfcInputException> error)
    {
        if (token is not JArray array) throw error(field, "must be a list of numbers");
        if (array.Count == 0) throw error(field, "the list is empty");
        var values = new List<double>();
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i].Type is not (JTokenType.Float or JTokenType.Integer)) throw error($"{field}[{i}]", $"'{array[i]}' is not a number");
            double v = array[i].Value<double>();
            if (!AttackBase.IsEpsilon(v)) throw error($"{field}[{i}]", $"{v.ToString(CultureInfo.InvariantCulture)} is not a number from 0 to {AttackBase.MaxEpsilon}");
            // A value listed twice would run (or, for eps, enter the trial's config and so its id) twice.
            if (values.Contains(v)) throw error($"{field}[{i}]", $"{v.ToString(CultureInfo.InvariantCulture)} is given twice");
            values.Add(v);
        }
        return values;
    }

    private static int Int(JObject o, string field, int fallback, Func<string, string, AlfcInputException> error) =>
        o[field] is { } token
            ? token.Type == JTokenType.Integer && token is JValue { Value: long or int } && token.Value<long>() is >= int.MinValue and <= int.MaxValue
                ? token.Value<int>()
                : throw error(field, $"must be a whole number, got {token.ToString(Formatting.None)}")
            : fallback;

    private static string? Text(JObject o, string field, Func<string, string, AlfcInputException> error) =>
        o[field] switch
        {
            null or { Type: JTokenType.Null } => null,
            { Type: JTokenType.String } token => token.Value<string>(),
            var token => throw error(field, $"must be a string, got {token.ToString(Formatting.None)}"),
        };
}

/// <summary>One block of a grid: the datasets x methods x alphas it covers.</summary>
public sealed record GridBlock(IReadOnlyList<string> Datasets, IReadOnlyList<string> Methods, IReadOnlyList<double> Alphas);
