"""The Dyad Spark job as a script for ``spark-submit`` (which runs files, not modules):

    spark-submit --master yarn \\
        --archives dyad_env.tar.gz#environment \\
        --conf spark.pyspark.python=./environment/bin/python \\
        python/examples/spark_job.py 's3a://news/2021/*.jsonl' --out s3a://events/ --date 2021-07-13

``dyad_env.tar.gz`` is a packed virtual environment with the dyad wheel, pandas and
pyarrow installed (``venv-pack`` or ``conda-pack``): the wheel holds a compiled module,
which Python cannot import from a ``--py-files`` zip. On a cluster whose nodes already
have the wheel installed, drop the two options.
"""

from dyad.spark import main

if __name__ == "__main__":
    main()
