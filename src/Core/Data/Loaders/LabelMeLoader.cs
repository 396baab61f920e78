using ALfc.Core.Data.Io;

namespace ALfc.Core.Data.Loaders;

/// <summary>
/// LabelMe (Rodrigues &amp; Pereira 2018), 8 scene classes, in either of two layouts, detected by the files present:
/// <list type="bullet">
/// <item>the "avg" layout: LabelMe_VGG_avg_{train,test}.npy (N x 512 VGG16 global-average-pooled),
/// LabelMe_Z_{train,test}.txt gold labels, answers.txt (N x M whitespace ints, -1 = no answer);</item>
/// <item>CrowdLayer's "prepared" layout: data_train_vgg16.npy (N x 4 x 4 x 512, flattened to 8192),
/// answers.npy (N x M), labels_train.npy, data_test_vgg16.npy, labels_test.npy.</item>
/// </list>
/// </summary>
public sealed class LabelMeLoader : IDatasetLoader
{
    public const string DatasetName = "labelme";

    private static readonly string[] ClassNames =
        ["highway", "insidecity", "tallbuilding", "street", "forest", "coast", "mountain", "opencountry"];

    public string Name => DatasetName;

    /// <summary>Min-max to [0, 1] on training statistics: the scale the paper's eps values (0.001-0.03) are sized for.</summary>
    public FeatureScaling DefaultScaling => FeatureScaling.MinMax;

    public IReadOnlyList<string> RequiredFiles(string folder) =>
        File.Exists(Path.Combine(folder, "data_train_vgg16.npy"))
            ? [.. new[] { "data_train_vgg16.npy", "answers.npy", "labels_train.npy", "labels_test.npy", "data_test_vgg16.npy" }.Select(f => Path.Combine(folder, f))]
            : File.Exists(Path.Combine(folder, "LabelMe_VGG_avg_train.npy"))
                ? [.. new[] { "LabelMe_VGG_avg_train.npy", "answers.txt", "LabelMe_Z_train.txt", "LabelMe_Z_test.txt", "LabelMe_VGG_avg_test.npy" }.Select(f => Path.Combine(folder, f))]
                : throw NoLayout(folder);

    private static AlfcInputException NoLayout(string folder) => AlfcInputException.In(folder,
        "no LabelMe layout found (expected LabelMe_VGG_avg_train.npy with answers.txt, or CrowdLayer's data_train_vgg16.npy with answers.npy)");

    public CrowdDataset Load(DatasetOptions options)
    {
        var folder = DatasetCatalog.RequireFolder(options, DatasetName);
        if (File.Exists(Path.Combine(folder, "data_train_vgg16.npy"))) return LoadPrepared(folder);
        if (File.Exists(Path.Combine(folder, "LabelMe_VGG_avg_train.npy"))) return LoadAverage(folder);
        throw NoLayout(folder);
    }

    private static CrowdDataset LoadAverage(string folder)
    {
        string trainPath = Path.Combine(folder, "LabelMe_VGG_avg_train.npy"), answersPath = Path.Combine(folder, "answers.txt");
        string goldPath = Path.Combine(folder, "LabelMe_Z_train.txt"), testGoldPath = Path.Combine(folder, "LabelMe_Z_test.txt");
        var trainX = Features(trainPath);
        var trainY = IntTextFile.ReadColumn(goldPath);
        var testX = Features(Path.Combine(folder, "LabelMe_VGG_avg_test.npy"));
        var testY = IntTextFile.ReadColumn(testGoldPath);
        var (rows, cols, values) = IntTextFile.ReadMatrix(answersPath);
        return Assemble(trainX, trainPath, trainY, goldPath, testX, testY, testGoldPath, new AnswerMatrix(rows, cols, values), answersPath);
    }

    private static CrowdDataset LoadPrepared(string folder)
    {
        string trainPath = Path.Combine(folder, "data_train_vgg16.npy"), answersPath = Path.Combine(folder, "answers.npy");
        string goldPath = Path.Combine(folder, "labels_train.npy"), testGoldPath = Path.Combine(folder, "labels_test.npy");
        var trainX = Features(trainPath);
        var trainY = Labels(goldPath);
        var testX = Features(Path.Combine(folder, "data_test_vgg16.npy"));
        var testY = Labels(testGoldPath);
        var answers = Npy.Read(answersPath);
        if (answers.Shape.Length != 2) throw AlfcInputException.In(answersPath, $"field 'shape': expected 2 dimensions (items, workers), found {answers.Shape.Length}");
        var matrix = new AnswerMatrix(answers.Shape[0], answers.Shape[1], ToInts(answers, answersPath));
        return Assemble(trainX, trainPath, trainY, goldPath, testX, testY, testGoldPath, matrix, answersPath);
    }

    private static CrowdDataset Assemble(FeatureMatrix trainX, string trainPath, int[] trainY, string goldPath,
        FeatureMatrix testX, int[] testY, string testGoldPath, AnswerMatrix answers, string answersPath)
    {
        AnswerChecks.SameCount(goldPath, trainY.Length, trainPath, trainX.Rows, "labels");
        AnswerChecks.SameCount(answersPath, answers.Items, trainPath, trainX.Rows, "answer rows");
        AnswerChecks.SameCount(testGoldPath, testY.Length, "test features", testX.Rows, "labels");
        AnswerChecks.GoldInRange(goldPath, trainY, ClassNames.Length);
        AnswerChecks.GoldInRange(testGoldPath, testY, ClassNames.Length);
        AnswerChecks.LabelsInRange(answersPath, answers, ClassNames.Length);
        var workers = AnswerChecks.NumberedWorkers(answers.Workers);
        AnswerChecks.EveryWorkerAnswered(answersPath, answers, workers);
        return new CrowdDataset(DatasetName, trainX, trainY, testX, testY, answers, ClassNames, workers, FeatureScaling.None);
    }

    private static FeatureMatrix Features(string path)
    {
        var array = Npy.Read(path);
        if (array.Shape.Length < 2) throw AlfcInputException.In(path, $"field 'shape': expected at least 2 dimensions (items, features...), found {array.Shape.Length}");
        var (rows, cols) = array.AsMatrix();
        if (cols == 0) throw AlfcInputException.In(path, $"field 'shape': ({string.Join(", ", array.Shape)}) has no feature columns");
        var values = new float[array.Values.Length];
        for (long i = 0; i < values.LongLength; i++)
        {
            if (!double.IsFinite(array.Values[i])) throw AlfcInputException.In(path, $"row {i / cols}: non-finite feature value");
            values[i] = (float)array.Values[i];
        }
        return new FeatureMatrix(rows, cols, values);
    }

    private static int[] Labels(string path)
    {
        var array = Npy.Read(path);
        if (array.Shape.Length != 1) throw AlfcInputException.In(path, $"field 'shape': expected 1 dimension, found {array.Shape.Length}");
        return ToInts(array, path);
    }

    private static int[] ToInts(NpyArray array, string path)
    {
        var result = new int[array.Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double v = array.Values[i];
            if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                throw AlfcInputException.In(path, $"element {i}: {v} is not an integer label");
            result[i] = (int)v;
        }
        return result;
    }
}
