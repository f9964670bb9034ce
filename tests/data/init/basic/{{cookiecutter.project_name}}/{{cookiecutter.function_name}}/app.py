def handler(event, context):
    return {"name": "{{ cookiecutter.project_name }}"}
