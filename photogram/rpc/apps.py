from django.apps import AppConfig


class RpcConfig(AppConfig):
    name = "photogram.rpc"
    label = "rpc"
    verbose_name = "Thrift services"
