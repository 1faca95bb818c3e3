"""Metrics, as `compile(metrics=[...])` takes them."""

from __future__ import annotations

from app.catalog.params import Bool, Choice, Float, Int
from app.catalog.registry import Entry, Registry
from app.i18n import T

METRICS = Registry("metric", T("metrics", "评估指标"))

# compile(metrics=["accuracy"]) is special: Keras picks binary, categorical or
# sparse categorical accuracy from the shapes of the targets and the output.
# The class Accuracy is exact equality.
AUTO_ACCURACY = "accuracy"

K = Int(name="k", default=5, lo=1, hi=1000, help=T("A prediction counts as correct if the true class is among the k highest scores.", "真实类别位于得分最高的 k 个之中即算正确。"))
THRESHOLD = Float(name="thresholds", default=None, nullable=True, lo=0.0, hi=1.0, help=T("Score above which a prediction counts as positive (None: 0.5).", "得分高于该值即视为正类（None 表示 0.5）。"))
TOP_K = Int(name="top_k", default=None, nullable=True, lo=1, hi=1000, advanced=True, help=T("If set, only the k highest scores of each sample count as positive.", "若设置，每个样本只有得分最高的 k 个视为正类。"))
CLASS_ID = Int(name="class_id", default=None, nullable=True, lo=0, hi=10_000, advanced=True, help=T("If set, measure only this class.", "若设置，只统计该类别。"))

METRICS.add(
    Entry("BinaryAccuracy", "accuracy", T("How often a sigmoid output, cut at the threshold, equals the 0/1 target.", "sigmoid 输出按阈值切分后与 0/1 目标相等的比例。"),
          (Float(name="threshold", default=0.5, lo=0.0, hi=1.0, help=T("Predictions above this count as 1.", "高于该值的预测视为 1。")),),
          aliases=("binary_accuracy",)),
    Entry("CategoricalAccuracy", "accuracy", T("How often the highest-scoring class equals the one-hot target's class.", "得分最高的类别与 one-hot 目标类别一致的比例。"), aliases=("categorical_accuracy",)),
    Entry("SparseCategoricalAccuracy", "accuracy", T("How often the highest-scoring class equals the integer target.", "得分最高的类别与整数目标一致的比例。"), aliases=("sparse_categorical_accuracy",)),
    Entry("Accuracy", "accuracy", T("How often predictions equal targets exactly. (The string 'accuracy' in compile instead picks binary, categorical or sparse accuracy from the shapes of the targets and the output.)", "预测值与目标值完全相等的比例。（compile 中的字符串 'accuracy' 则会根据目标值与输出的形状自动选择二分类、分类或稀疏分类准确率。）"), aliases=(AUTO_ACCURACY,)),
    Entry("TopKCategoricalAccuracy", "accuracy", T("How often the one-hot target's class is among the k highest scores.", "one-hot 目标类别位于得分最高的 k 个之中的比例。"), (K,), aliases=("top_k_categorical_accuracy",)),
    Entry("SparseTopKCategoricalAccuracy", "accuracy", T("How often the integer target is among the k highest scores.", "整数目标位于得分最高的 k 个之中的比例。"), (K,), aliases=("sparse_top_k_categorical_accuracy",)),
    Entry("AUC", "classification", T("Area under the ROC (or precision-recall) curve: how well scores rank positives above negatives.", "ROC（或精确率-召回率）曲线下面积：衡量得分把正例排在负例之前的能力。"),
          (Int(name="num_thresholds", default=200, lo=2, hi=10_000, advanced=True, help=T("How many thresholds approximate the curve.", "用多少个阈值来近似该曲线。")),
           Choice(name="curve", default="ROC", choices=("ROC", "PR"), help=T("ROC curve or precision-recall curve.", "ROC 曲线或精确率-召回率曲线。")),
           Bool(name="from_logits", default=False, advanced=True, help=T("True if predictions are raw scores rather than probabilities.", "若预测值是原始分数而非概率，则设为 True。"))),
          aliases=("auc",)),
    Entry("Precision", "classification", T("Of the samples predicted positive, the fraction that are positive.", "被预测为正类的样本中真正为正类的比例。"), (THRESHOLD, TOP_K, CLASS_ID), aliases=("precision",)),
    Entry("Recall", "classification", T("Of the positive samples, the fraction predicted positive.", "正类样本中被预测为正类的比例。"), (THRESHOLD, TOP_K, CLASS_ID), aliases=("recall",)),
    Entry("MeanSquaredError", "regression", T("Mean of squared differences, as a metric.", "差值平方的均值（作为指标）。"), aliases=("mse", "mean_squared_error")),
    Entry("MeanAbsoluteError", "regression", T("Mean of absolute differences, as a metric.", "差值绝对值的均值（作为指标）。"), aliases=("mae", "mean_absolute_error")),
    Entry("RootMeanSquaredError", "regression", T("Square root of the mean squared error, in the targets' own units.", "均方误差的平方根，与目标值单位相同。"), aliases=("root_mean_squared_error",)),
)
