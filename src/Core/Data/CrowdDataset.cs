namespace ALfc.Core.Data;

/// <summary>
/// A crowd-labelled classification dataset: train features with crowd answers and (hidden) gold
/// labels, and a test set with gold labels. Features are already scaled as <see cref="Scaling"/> says.
/// The constructor checks the pieces fit together and names the field that does not.
/// </summary>
public sealed class CrowdDataset
{
    public CrowdDataset(
        string name,
        FeatureMatrix trainFeatures,
        int[] trainGold,
        FeatureMatrix testFeatures,
        int[] testGold,
        AnswerMatrix answers,
        IReadOnlyList<string> classNames,
        IReadOnlyList<string> workerIds,
        FeatureScaling scaling)
    {
        string Where(string field) => $"dataset '{name}': {field}";
        int k = classNames.Count;
        if (k < 2) throw new AlfcInputException($"{Where("classes")}: needs at least 2 classes, found {k}");
        if (trainFeatures.Rows == 0) throw new AlfcInputException($"{Where("train features")}: no training items");
        // A model with no inputs trains to a constant; every loader names its file first, this catches any other source.
        if (trainFeatures.Cols == 0) throw new AlfcInputException($"{Where("train features")}: no feature columns");
        if (trainGold.Length != trainFeatures.Rows)
            throw new AlfcInputException($"{Where("train gold labels")}: {trainGold.Length} labels for {trainFeatures.Rows} training items");
        if (testGold.Length != testFeatures.Rows)
            throw new AlfcInputException($"{Where("test gold labels")}: {testGold.Length} labels for {testFeatures.Rows} test items");
        if (testFeatures.Cols != trainFeatures.Cols && testFeatures.Rows > 0)
            throw new AlfcInputException($"{Where("test features")}: {testFeatures.Cols} features, training has {trainFeatures.Cols}");
        if (answers.Items != trainFeatures.Rows)
            throw new AlfcInputException($"{Where("answers")}: {answers.Items} answer rows for {trainFeatures.Rows} training items");
        if (answers.Workers != workerIds.Count)
            throw new AlfcInputException($"{Where("answers")}: {answers.Workers} worker columns for {workerIds.Count} worker ids");
        if (answers.AnswerCount == 0) throw new AlfcInputException($"{Where("answers")}: no crowd answers");
        CheckLabels(trainGold, k, Where("train gold labels"));
        CheckLabels(testGold, k, Where("test gold labels"));
        foreach (var (item, worker, label) in answers.Triples())
            if (label < 0 || label >= k)
                throw new AlfcInputException($"{Where("answers")}: item {item}, worker {workerIds[worker]}: class {label} out of range 0..{k - 1}");

        Name = name;
        TrainFeatures = trainFeatures;
        TrainGold = trainGold;
        TestFeatures = testFeatures;
        TestGold = testGold;
        Answers = answers;
        ClassNames = classNames;
        WorkerIds = workerIds;
        Scaling = scaling;
    }

    public string Name { get; }
    public FeatureMatrix TrainFeatures { get; }
    public int[] TrainGold { get; }
    public FeatureMatrix TestFeatures { get; }
    public int[] TestGold { get; }
    public AnswerMatrix Answers { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<string> WorkerIds { get; }
    public FeatureScaling Scaling { get; }

    public int Classes => ClassNames.Count;
    public int Features => TrainFeatures.Cols;
    public int Workers => WorkerIds.Count;

    /// <summary>The same data with features scaled (statistics from the training rows).</summary>
    public CrowdDataset WithScaling(FeatureScaling scaling)
    {
        if (Scaling != FeatureScaling.None)
            throw new InvalidOperationException($"dataset '{Name}' is already scaled ({Scaling})");
        var (train, test) = FeatureScaler.Apply(scaling, TrainFeatures, TestFeatures);
        return new CrowdDataset(Name, train, TrainGold, test, TestGold, Answers, ClassNames, WorkerIds, scaling);
    }

    private static void CheckLabels(int[] labels, int k, string where)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= k)
                throw new AlfcInputException($"{where}: item {i}: class {labels[i]} out of range 0..{k - 1}");
    }
}
