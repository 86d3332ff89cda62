"""Generator of the public progress site from the plan in `content/plan.yaml`."""
